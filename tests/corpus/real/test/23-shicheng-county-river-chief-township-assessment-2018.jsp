<%@ page language="java" contentType="text/html; charset=UTF-8" pageEncoding="UTF-8"%>
<jsp:include page="/common/base/include_BaseCommon.jsp"></jsp:include>
<link href="<%=request.getContextPath() %>/check/css/standard.css" rel="stylesheet">
<link href="<%=request.getContextPath() %>/common/css/commonView.css" rel="stylesheet">
<script src="<%=request.getContextPath()%>/check/subordinateRank/sdtRank.js"></script>
<script type="text/javascript">
 	var WEB_ROOT = "<%=request.getContextPath() %>";
</script>
<div class="headerDiv" id="headerDiv">
	 <div class="header-content">
		<h2>
			<i class="fa icon-th-large"></i>
			<c>乡镇考核依据</c>
			<span></span>
		</h2>
	 </div> 
	<div style="background-color: #FFFFFF;width:100%;height:100%;" >
		<table class='jxkhTable'   border="1"  align="center">
		     <caption>石城县2018年度河长制湖长制工作乡镇目标管理(绩效）考核细则</caption>
		     <thead>
		          <tr>
		             <th width="5%">序号</th>
		             <th  width="25%">考核项目</th>
		             <th  width="20%">各项分值</th>
		             <th  width="40%">考核指标</th>
		             <th  width="10%">负责考核部门</th>
		          </tr>
		     </thead>
		    <tbody>
		        <tr>
		           <td></td>
		           <td>总分</td>
		           <td class='fontbold'>100</td>
		           <td></td>
		           <td></td>
		        </tr>
		        <tr>
		           <td class='fontbold'>一、</td>
		           <td class='left fontbold'>巩固成果，提升河长制工作实效</td>
		           <td class='fontbold'>31</td>
		           <td></td>
		           <td></td>
		        </tr>
		         <tr>
		           <td>1</td>
		           <td class='left'>完善"四个到位"</td>
		           <td>5</td>
		           <td class='left'>
		              <p>进一步健全河长制湖长制组织体系、责任体系、制度体系、</p>
		              <p>监督检查和考核评估。</p>
		              <p>进一步完善乡、村河长、巡查员、保洁员设置。若出现人员</p>
		              <p>变动时及时调整并向社会公布。</p>
					</td>
		           <td class='left'>县河长办</td>
		        </tr>
		         <tr>
		           <td>2</td>
		           <td class='left'>强化督查督办</td>
		           <td>4</td>
		           <td class='left'>
           		      <p>严格执行已出台的河长制工作督查制度和督办制度，推动问题清单有效解决，</p>
           		      <p>对县级以上督导发现的问题实行一乡一单台帐,跟踪督办，监督考核。</p>
           		   </td>
		           <td class='left'>县河长办</td>
		        </tr>
		        <tr>
		           <td>3</td>
		           <td class='left'>进一步完善河长制工作考核方案</td>
		           <td>2</td>
		           <td class='left'>2018年7月底前修订完善乡镇河长制工作考核方案。</td>
		           <td class='left'>县河长办</td>
		        </tr>
		        <tr>
		           <td>4</td>
		           <td class='left'>落实"一河一策"</td>
		           <td>2</td>
		           <td class='left'>抓好"一河一策"的实施，将保护治理措施清单落实到位。</td>
		           <td class='left'>县河长办</td>
		        </tr>
		        <tr>
		           <td>5</td>
		           <td class='left'>全面推进河长制信息平台建设</td>
		           <td>11</td>
		           <td class='left'>
		              <p>1.推进APP巡河信息平台建设（相关人员注册并使用），得2分。</p>
		        	  <p>2.按制度要求开展乡（镇）河长、村河长、巡查员APP巡河，</p>
		        	  <p>实行月通报制度，得6分。</p>
            		  <p>3.河长、巡查员、保洁员按要求填写日志，得3分。</p>
					</td>
		           <td class='left'>县河长办</td>
		        </tr>
		        <tr>
		           <td>6</td>
		           <td class='left'>深化河长制培训、宣传和教育</td>
		           <td>7</td>
		           <td class='left'>
		              <p>1.充分利用各类媒体开展河长制公益宣传，营造全社会</p>
		              <p>合力推进河长制工作的良好氛围，得2分。</p>
		              <p>2.开展生态文明建设"进园区、进校区、进企业、进农村</p>
		              <p>"宣传活动，得2分。</p>
					  <p>3.配合开展中小学生河库保护管理教育知识进校园活动，增强</p>
					  <p>中小学生的河库保护及涉水安全意识，得3分。</p>
				   </td>
		           <td class='left'>
	           	      <p>县委宣传部</p>
				      <p>县教育局</p>
					  <p>县河长办</p>
				   </td>
		        </tr>
		        <tr>
		           <td class='fontbold'>二、</td>
		           <td class='left fontbold'>
		           		对标中央、省、市，落实湖长制重点任务（琴江镇温坊人工湖）
		           </td>
		           <td class='fontbold'>2</td>
		           <td></td>
		           <td></td>
		        </tr>
		         <tr>
		           <td>7</td>
		           <td class='left'>健全湖长制组织体系</td>
		           <td>2</td>
		           <td class='left'>
		           		<p>落实属地管理责任，建立湖长体系，向社会公布湖长名单，</p>
		           		<p>规范湖长制公示牌设置。</p>
		           </td>
		           <td class='left'>县河长办</td>
		        </tr>
		        <tr>
		           <td class='fontbold'>三、</td>
		           <td class='left fontbold'>水岸联动，推进“管治保”措施</td>
		           <td class='fontbold'>15</td>
		           <td class='left'>
		           		<p>落实属地管理责任，建立湖长体系，向社会公布</p>
		           		<p>湖长名单，规范湖长制公示牌设置。</p>
		           	</td>
		           <td class='left'>县河长办</td>
		        </tr>
		        <tr>
		           <td>8</td>
		           <td class='left'>继续强化城镇生活污水治理</td>
		           <td>3</td>
		           <td class='left'>
		            	<p>进一步加强城镇生活污水处理设施和配套管网建设，</p>
		            	<p>提升污水处理率，实现无害化处理处置。</p>
		            </td>
		           <td class='left'>县城建局</td>
		        </tr>
		        <tr>
		           <td>9</td>
		           <td class='left'>继续推动畜禽养殖污染控制</td>
		           <td>7</td>
		           <td class='left'>
		              <p>1.加强监督管理，防止禁养区养殖场反弹。得5分。</p>
		              <p>2.建立限养区养殖场台帐，得2分。</p>
		           </td>
		           <td class='left'>县农粮局</td>
		        </tr>
		        <tr>
		           <td>10</td>
		           <td class='left'>严格水功能区监管</td>
		           <td>2</td>
		           <td class='left'>
		              <p>1.监管水功能区入河排污口，严格控制入河排污总量，</p>
		              <p>优化排污口设置，得1分。</p>
		              <p>2.建立水功能区入河排污口台帐，设立公示牌，公布排污</p>
		              <p>种类、数量、责任部门和责任人等，得1分</p>
		           </td>
		           <td class='left'>县水利局</td>
		        </tr>
		        <tr>
		           <td>11</td>
		           <td class='left'>推进河、库管护常态化</td>
		           <td>3</td>
		           <td class='left'>
		              <p>1.加大河流、水库保洁力度，落实河长、巡查员、</p>
		              <p>保洁人员管理责任、确保保洁常态化，得2分。</p>
		              <p>2.河长制工作专项经费不得挪作它用，得1分</p>
		          </td>
		           <td class='left'>
		           	   <p>县河长办</p>
		           	   <p>县水利局</p>
		           </td>
		        </tr>
		        <tr>
		           <td class='fontbold'>四、</td>
		           <td class='left fontbold'>行动升级，推进突出问题专项整治</td>
		           <td class='fontbold'>45</td>
		           <td></td>
		           <td></td>
		        </tr>
		         <tr>
		           <td>12</td>
		           <td class='left'>继续推进水质不达标河库治理</td>
		           <td>4</td>
		           <td class='left'>
                      <p>推进不达标河库治理，年内无不达标河库，得4分，</p>
                      <p>水质水量监测评价出现一次不达标河库扣2分，扣完为止。</p>
                  </td>
		           <td class='left'>
		              <p>县环保局</p>
		              <p>县水文站</p>
		           </td>
		        </tr>
		        <tr>
		           <td>13</td>
		           <td class='left'>加强工矿企业及工业聚集区水污染防治</td>
		           <td>5</td>
		           <td class='left'>
		              <p>1.协助县级责任单位依法取缔“十小”企业，得3分。</p>
		              <p>2.协助协助县级责任单位逐步完善工业聚集区污水集中</p>
		              <p>处理设施（含管网）建设，得2分</p>
		           </td>
		           <td class='left'>县工信局</td>
		        </tr>
		        <tr>
		           <td>14</td>
		           <td class='left'>加大对河流弃土、弃渣违法行为查处力度</td>
		           <td>2</td>
		           <td class='left'>
		            	<p>加大涉河库生产建设项目整治力度，严厉查处对河流弃土、</p>
		            	<p>弃渣违法行为。</p>
		           </td>
		           <td class='left'>县水保局</td>
		        </tr>
		        <tr>
		           <td>15</td>
		           <td class='left'>推进农业化肥、农药减量化治理</td>
		           <td>3</td>
		           <td class='left'>
		              <p>1.推广生物农药和高效低残留化学农药安全科学使用技术，得1.5分。</p>
		              <p>2.推广测土配方施肥技术，恢复绿肥生产，水肥一体化技术应用，得1.5分.</p>
		           </td>
		           <td class='left'>县农粮局</td>
		        </tr>
		        <tr>
		           <td>16</td>
		           <td class='left'>加大农村生活垃圾及生活污水整治</td>
		           <td>6</td>
		           <td class='left'> 
		              <p>1.完善城乡垃圾处理一体化体制，实行政府购买服务，市场化运行机制，</p>
		              <p>大力推行“全域一体化”第三方治理，得2分。</p>
		              <p>2.加快农村垃圾处理设施设备建设步伐，确保垃圾清扫入桶，装运及时，得1分。</p>
					  <p>3.开展农村生活垃圾分类试点，得2分。</p>
					  <p>4.协助推进农村生活污水处理厂建设，得1分。</p>
				   </td>
		           <td class='left'>
		              <p>县委农工部</p>
		              <p>县城建局</p>
		           </td>
		        </tr>
		        <tr>
		           <td>17</td>
		           <td class='left'>持续开展侵占河库水域及岸线专项整治</td>
		           <td>4</td>
		           <td class='left'>
		              <p>1.建立非法挤占水域岸线用地台帐，得1分。</p>
		              <p>2.加强河道管理，维护河流水域秩序，加大执法力度，</p>
		              <p>严厉打击非法侵占水域岸线行为，得3分。</p>
		              <p>3.不上报、不制止每出现一例扣2分</p>
				   </td>
		           <td class='left'>县水利局</td>
		        </tr>
		        <tr>
		           <td>18</td>
		           <td class='left'>持续开展非法采砂专项整治</td>
		           <td>3</td>
		           <td class='left'>
		              <p>1.加强涉水涉砂矛盾纠纷排查，建立非法采砂台帐，得1分。</p>
		              <p>2.协助推进废弃采砂船舶的切割淘汰工作，得1分。</p>
					</td>
		           <td class='left'>县水利局</td>
		        </tr>
		        <tr>
		           <td>19</td>
		           <td class='left'>开展非法设置入河排污口专项整治</td>
		           <td>4</td>
		           <td class='left'>
		              <p>1.建立入河排污口台帐，得1分。</p>
		              <p>2.对非法设置入河排污口督促整改或依法协同有关单位取缔，得3分。</p>
				   </td>
		           <td class='left'>县水利局</td>
		        </tr>
		         <tr>
		           <td>20</td>
		           <td class='left'>持续开展渔业资源保护专项整治</td>
		           <td>4</td>
		           <td class='left'>
		              <p>1.成立乡镇护渔队，得1分。</p>
		              <p>2.加大巡查力度，严厉打击电、毒、炸鱼等非法捕捞行为，依法依规</p>
		              <p>查处破坏渔业资源案件，年内无案例不得分，得3分。</p>
				   </td>
		           <td class='left'>县农粮局</td>
		        </tr>
		        <tr>
		           <td>21</td>
		           <td class='left'>继续推动水库水环境综合治理</td>
		           <td>4</td>
		           <td class='left'>
                      <p>开展水库水环境整治，落实退包机制，消灭肥水养殖现象，实现人放天养，</p>
                      <p>全部水库实现人放天养，得4分，未完成按水库退养完成比例扣分</p>
                   </td>
		           <td class='left'>县水利局</td>
		        </tr>
		        <tr>
		           <td>22</td>
		           <td class='left'>
		           	       持续加大非法侵占林地、破坏湿地和野生动物资源等违法犯罪的整治力度</td>
		           <td>3</td>
		           <td class='left'> 
		                <p>1.完善森林资源管理监督检查机制，得1分。</p>
						<p>2.推进生态公益林和水源涵养林建设，得1分。</p>
						<p>3.对非法侵占林地、破坏湿地和野生动物资源等违法</p>
						<p>犯罪行为进行调查处理，得1分</p>
				   </td>
		           <td class='left'>县林业局</td>
		        </tr>
		        <tr>
		           <td>23</td>
		           <td class='left'>持续加大河库水域治安防控工作力度</td>
		           <td>3</td>
		           <td class='left'>
		           	  <p>积极开展河库水域突出问题的整治工作，依法打击各类犯罪活动，</p>
		           	  <p>确保河库水域治安稳定，得3分</p>
		           </td>
		           <td class='left'>
		           	  <p>县公安局</p>
		           	  <p>县森林公安局</p>
		           </td>
		        </tr>
		        <tr>
		           <td class='fontbold'>五、</td>
		           <td class='left fontbold'>加强宣传舆论、信息报送工作</td>
		           <td class='fontbold'>7</td>
		           <td class='left'>
		              <p>1.每个乡镇省级用稿1篇，市级用稿2篇，县级用稿2篇，得5分</p>
		              <p>，多投稿一篇按2：1：0.5比例加分。</p>
		              <p>2.按时上报半年工作小结、年终工作总结，得2分</p>
		           </td>
		           <td class='left'>县河长办</td>
		        </tr>
		         <tr>
		           <td class='fontbold'>六、</td>
		           <td class='left fontbold'>奖扣分项目</td>
		           <td class='fontbold'>7</td>
		           <td class='left'>
		               <p>1.河长制工作先进经验获省、市通报表扬并推广的，分别奖20、10分。</p>
					   <p>2.被省、市明查暗访组查实河长制工作落实不到位点名批评或曝光的，</p>
					   <p>分别扣20、10分。</p>
				   </td>
		           <td class='left'>县河长办</td>
		        </tr>
		    </tbody>
		</table>
	</div>
</div>